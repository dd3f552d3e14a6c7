check ${SRC}/tests/models/limits-analyses/outcomes-beyond-doubles.yaml
