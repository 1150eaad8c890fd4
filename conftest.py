pytest_plugins = ["liaison.core.testing.cast"]
