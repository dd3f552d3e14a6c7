evaluate ${SRC}/tests/models/agreement/rounding.yaml --terms x=mid,y=yes
