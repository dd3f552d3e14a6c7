evolve ${SRC}/tests/models/conflict/chicken.yaml --from "Y Y Y"
