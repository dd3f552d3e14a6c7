help frontier
