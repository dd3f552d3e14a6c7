evaluate ${FIXTURES}/genius/NonLinear10issues --terms c1-i10=5,c1-i9=5,c1-i8=8,c1-i7=0,c1-i6=0,c1-i5=3,c1-i4=0,c1-i3=0,c1-i2=5,c1-i1=5 --json
