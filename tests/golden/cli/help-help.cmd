help --help
