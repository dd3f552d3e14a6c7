robust ${SRC}/tests/models/limits-analyses/no-ranges.yaml --samples 1000000000000
