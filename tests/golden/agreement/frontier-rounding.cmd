frontier ${SRC}/tests/models/agreement/rounding.yaml
