import genius ${FIXTURES}/genius/IntegerDomain -o ${OUT}
