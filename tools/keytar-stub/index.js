'use strict';
// See package.json: the Forge CLI's credential store is never used by Kaizen's offline lint.
const unavailable = async () => {
  throw new Error('keytar is stubbed in this project: the Forge CLI credential store is not available');
};
module.exports = { getPassword: unavailable, setPassword: unavailable, deletePassword: unavailable, findCredentials: unavailable, findPassword: unavailable };
