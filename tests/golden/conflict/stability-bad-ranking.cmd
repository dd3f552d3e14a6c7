stability ${SRC}/tests/models/conflict/bad-ranking.yaml
