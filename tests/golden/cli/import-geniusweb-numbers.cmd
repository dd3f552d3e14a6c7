import geniusweb tests/models/geniusweb/numbers
