frontier ${SRC}/tests/models/agreement/ceasefire.yaml
