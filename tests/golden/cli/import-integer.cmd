import genius ${FIXTURES}/genius/IntegerDomain
