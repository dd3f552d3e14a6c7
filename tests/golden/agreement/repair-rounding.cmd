repair ${SRC}/tests/models/agreement/rounding.yaml --proposal p
