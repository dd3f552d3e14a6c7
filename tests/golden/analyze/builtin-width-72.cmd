analyze --samples 0
