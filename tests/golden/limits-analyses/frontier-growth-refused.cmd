frontier ${SRC}/tests/models/limits-analyses/frontier-5x60x4.yaml
