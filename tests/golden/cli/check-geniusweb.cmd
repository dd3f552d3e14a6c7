check ${FIXTURES}/geniusweb/party
