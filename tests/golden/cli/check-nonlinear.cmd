check ${FIXTURES}/genius/NonLinear10issues
