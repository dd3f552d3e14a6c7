evolve ${SRC}/tests/models/conflict/chicken.yaml
