check tests/models/bad/tab-indent.yaml
