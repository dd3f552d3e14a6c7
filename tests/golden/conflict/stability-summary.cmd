stability ${SRC}/tests/models/conflict/sanctions.yaml
