analyze --seed x
