stability ${SRC}/tests/models/conflict/prisoners.yaml
