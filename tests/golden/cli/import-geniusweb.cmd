import geniusweb ${FIXTURES}/geniusweb/party
