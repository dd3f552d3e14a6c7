evolve ${SRC}/tests/models/conflict/sanctions.yaml
