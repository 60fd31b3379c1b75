"""The balance lab: scripted players against the computer, and static checks of a scenario.

Pure (no pygame, no disk); the command line runs it across processes.
"""
