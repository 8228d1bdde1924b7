#!/usr/bin/env python3
# What Port's docs give CircleCI and custom-CI users, for bench/cli-startup.js to time beside port-ci: a Python step
# with the requests library that takes an access token and reads one entity. Written for this benchmark in the docs'
# style (module-level calls, no retries, no error handling beyond raise_for_status), not copied from them.
#   PORT_CLIENT_ID=... PORT_CLIENT_SECRET=... [PORT_BASE_URL=https://api.getport.io] python3 bench/port-docs-requests.py BLUEPRINT IDENTIFIER
# Prints the entity as JSON.
import json
import os
import sys

import requests

API_URL = os.environ.get('PORT_BASE_URL', 'https://api.getport.io').rstrip('/') + '/v1'
blueprint, identifier = sys.argv[1], sys.argv[2]

credentials = {'clientId': os.environ['PORT_CLIENT_ID'], 'clientSecret': os.environ['PORT_CLIENT_SECRET']}
token_response = requests.post(f'{API_URL}/auth/access_token', json=credentials)
token_response.raise_for_status()
headers = {'Authorization': f"Bearer {token_response.json()['accessToken']}"}

entity_response = requests.get(f'{API_URL}/blueprints/{blueprint}/entities/{identifier}', headers=headers)
entity_response.raise_for_status()
print(json.dumps(entity_response.json()['entity']))
