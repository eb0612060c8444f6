import ArgumentParser

ChainerCommand.main()
