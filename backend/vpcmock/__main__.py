from vpcmock.cli import main

main()
