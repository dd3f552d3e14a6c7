frontier ${SRC}/tests/models/conflict/prisoners.yaml -o ${OUT}
