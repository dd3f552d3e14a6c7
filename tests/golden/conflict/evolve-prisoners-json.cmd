evolve ${SRC}/tests/models/conflict/prisoners.yaml --from 1 --json
