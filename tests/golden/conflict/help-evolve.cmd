help evolve
