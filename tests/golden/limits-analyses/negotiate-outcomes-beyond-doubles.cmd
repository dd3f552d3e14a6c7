negotiate ${SRC}/tests/models/limits-analyses/outcomes-beyond-doubles.yaml --agents linear,linear
