frontier ${SRC}/tests/models/agreement/ceasefire.yaml --max-points 3
