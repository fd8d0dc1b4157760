"""Code the bench and the tests share: page weights and a copy of the build inputs. Not installed."""
