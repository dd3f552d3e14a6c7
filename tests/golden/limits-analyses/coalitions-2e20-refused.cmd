coalitions ${SRC}/tests/models/limits-analyses/conflict-2e20.yaml
