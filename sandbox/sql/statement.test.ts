import { analyse, declaresForeignKey } from './statement';

/** The front checks' lexer: statements counted and classified outside strings, quoted names and comments. */
describe('Forge SQL statement analysis', () => {
  it.each([
    ['SELECT 1', 1, 'read'],
    ['  (SELECT 1) UNION (SELECT 2);', 1, 'read'],
    ['WITH x AS (SELECT 1) SELECT * FROM x', 1, 'read'],
    ["INSERT INTO t VALUES ('a;b', \"c;\", `d;`) -- e; f", 1, 'dml'],
    ["SELECT 'it''s; fine', 'back\\'; x' /* ; */ # ;\n", 1, 'read'],
    ['CREATE TABLE t (id INT);;', 1, 'ddl'],
    ['SELECT 1; SELECT 2', 2, 'read'],
    ['UPDATE t SET a = 1; DROP TABLE t', 2, 'dml'],
    ['ALTER USER x IDENTIFIED BY "y"', 1, 'policy'],
    ['SET @a = 1', 1, 'other'],
    ['SET sql_mode = ""', 1, 'policy'],
    ['USE other', 1, 'policy'],
    ['  ; -- nothing', 0, 'other'],
  ])('%s → %i statement(s), %s', (query, statements, kind) => {
    expect(analyse(query)).toMatchObject({ statements, kind });
  });

  it('finds foreign keys only in code', () => {
    expect(declaresForeignKey(analyse('CREATE TABLE a (b INT, FOREIGN  KEY (b) REFERENCES c(d))').code)).toBe(true);
    expect(declaresForeignKey(analyse('CREATE TABLE a (b INT REFERENCES `c` (d))').code)).toBe(true);
    expect(declaresForeignKey(analyse('CREATE TABLE a (b INT REFERENCES db.c(d))').code)).toBe(true);
    expect(declaresForeignKey(analyse("CREATE TABLE a (b VARCHAR(9) DEFAULT 'FOREIGN KEY') -- REFERENCES c(d)").code)).toBe(false);
    expect(declaresForeignKey(analyse('CREATE TABLE `references` (`foreign key` INT)').code)).toBe(false);
  });
});
