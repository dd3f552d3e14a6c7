evolve ${SRC}/tests/models/conflict/chicken.yaml --from 9
