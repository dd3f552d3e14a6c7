frontier ${FIXTURES}/genius/NonLinear10issues
