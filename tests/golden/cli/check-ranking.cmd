check tests/models/bad/ranking.yaml
