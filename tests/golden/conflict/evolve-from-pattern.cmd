evolve ${SRC}/tests/models/conflict/elmira.yaml --from "Y NYN N"
