from mcugraph.cli import main

main(prog_name="mcugraph")
