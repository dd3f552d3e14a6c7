help negotiate
