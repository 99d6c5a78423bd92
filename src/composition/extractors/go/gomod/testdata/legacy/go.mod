module example.com/legacy

require github.com/sirupsen/logrus v1.9.3
