frontier ${SRC}/tests/models/agreement/ceasefire.yaml --json -o ${OUT}
