coalitions ${SRC}/tests/models/conflict/bad-option.yaml
