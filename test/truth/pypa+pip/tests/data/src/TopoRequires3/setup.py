from setuptools import setup

setup(
    name="TopoRequires3",
    version="0.0.1",
    packages=["toporequires3"],
    install_requires=["TopoRequires"],
)
