config = {'lr': 0.1, 'momentum': 0.9, 'nesterov': True}
print(config.keys())
print(config.values())
print(config.items())
k = config.keys()
config['wd'] = 0.0
print(k)
print(len(k), 'wd' in k)
print(k & {'lr', 'x'})
print(k - {'lr'} == {'momentum', 'nesterov', 'wd'})
print(list(config.items())[0])
print(sorted(config))
print({v: k for k, v in {'a': 1, 'b': 2}.items()})
