from demos.cli import main

main()
