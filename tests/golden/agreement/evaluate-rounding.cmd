evaluate ${SRC}/tests/models/agreement/rounding.yaml
