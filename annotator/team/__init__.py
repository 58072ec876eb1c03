"""Working as a team: distribute documents, merge annotators' project files, measure
agreement, adjudicate into a gold annotator, and summarise progress.

Qt-free and silent: every function returns values (dataclasses, dicts) that the CLI
prints and a GUI can show; none of them prints.
"""
