coalitions ${SRC}/tests/models/conflict/prisoners.yaml
