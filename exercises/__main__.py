from exercises.cli import main

main()
