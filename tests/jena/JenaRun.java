// One JVM for what tests/test_stores.py asks of Apache Jena, so the JVM starts once, not once
// per file and query (1.3 s each):
//   java JenaRun.java OUT parse FILE...        each RDF file read by RIOT, written as OUT/N.nq
//                                              (N = 0, 1, ... in the order given)
//   java JenaRun.java OUT query TDB2 UNION QUERY...
//                                              each query file run on the TDB2 database, its
//                                              results written as OUT/NAME.json; UNION (true or
//                                              false) sets tdb:unionDefaultGraph
// Run through scripts/jena.sh, which sets the class path of Debian's Jena.
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.apache.jena.query.Dataset;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryExecutionFactory;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFLanguages;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.TDB2Factory;
import org.apache.jena.tdb2.TDB2;

public class JenaRun {
    public static void main(String[] args) throws Exception {
        Path out = Paths.get(args[0]);
        if (args[1].equals("parse")) {
            for (int i = 2; i < args.length; i++) {
                Path file = Paths.get(args[i]);
                // JSON-LD through the 1.0 reader: Debian's Jena lacks a JSON-P provider for 1.1
                Lang lang = args[i].endsWith(".jsonld") ? Lang.JSONLD10
                        : RDFLanguages.filenameToLang(args[i]);
                DatasetGraph dataset = DatasetGraphFactory.create();
                RDFParser.source(file).forceLang(lang).parse(dataset);
                try (OutputStream stream = new FileOutputStream(
                        out.resolve((i - 2) + ".nq").toFile())) {
                    RDFDataMgr.write(stream, dataset, Lang.NQUADS);
                }
            }
        } else if (args[1].equals("query")) {
            Dataset dataset = TDB2Factory.connectDataset(args[2]);
            boolean union = Boolean.parseBoolean(args[3]);
            for (int i = 4; i < args.length; i++) {
                Path file = Paths.get(args[i]);
                String name = file.getFileName().toString().replaceFirst("\\.rq$", "");
                Txn.executeRead(dataset, () -> {
                    try (QueryExecution execution = QueryExecutionFactory.create(
                            QueryFactory.read(file.toString()), dataset);
                         OutputStream stream = new FileOutputStream(
                            out.resolve(name + ".json").toFile())) {
                        execution.getContext().set(TDB2.symUnionDefaultGraph, union);
                        ResultSetFormatter.outputAsJSON(stream, execution.execSelect());
                    } catch (java.io.IOException error) {
                        throw new RuntimeException(error);
                    }
                });
            }
        } else {
            throw new IllegalArgumentException("parse or query, not " + args[1]);
        }
    }
}
