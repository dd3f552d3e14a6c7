check tests/models/geniusweb/bad
